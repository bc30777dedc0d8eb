<?php return array(
    'root' => array(
        'name' => 'hop3/php-app',
        'pretty_version' => 'dev-feat/langs',
        'version' => 'dev-feat/langs',
        'reference' => 'c354c2f21cd6b69932d78c1f0aa9bd510fe5f86f',
        'type' => 'project',
        'install_path' => __DIR__ . '/../../',
        'aliases' => array(),
        'dev' => true,
    ),
    'versions' => array(
        'hop3/php-app' => array(
            'pretty_version' => 'dev-feat/langs',
            'version' => 'dev-feat/langs',
            'reference' => 'c354c2f21cd6b69932d78c1f0aa9bd510fe5f86f',
            'type' => 'project',
            'install_path' => __DIR__ . '/../../',
            'aliases' => array(),
            'dev_requirement' => false,
        ),
    ),
);
